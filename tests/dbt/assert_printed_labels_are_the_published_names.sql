{#- Every printed row and column label of the layout seeds equals the published name of
    the code it maps to, so a code swapped between two rows (Horeca's numbers published
    as Bouw) stops the build. An input gate: each failing row names the file, line and
    column to fix.

    Names compared:
    - sector rows: the sector's name in figure 15 (sectors.name_nl, which must itself be a
      name figure 15 prints for an SBI code starting with the sector's section letter);
    - size-class rows: size_classes.label_nl; the total row: "Totaal" (sectors' `_T`);
    - answer rows and columns: answers.label_nl of the figure's question (or of each
      question the figure's rows name, for figure 6);
    - year columns: the survey year (the header band of figure 8, the column of figure 4);
    - population columns: populations.label_nl, or "Totaal" for a population whose
      subpopulations are the figure's other columns (figure 13).
    Not compared, having no published name: rows that map to a population and question
    (figure 6's pies are named by parts of the figure title) and figure 7's one column
    (its population comes from publication_figures, the column maps to no code).

    The appendix tables name two sectors slightly differently from figure 15: they join
    the last two items of a list with "en" where figure 15 uses a comma, and leave out the
    abbreviation in parentheses ("Sociaal werk, jeugdzorg en kinderopvang" for "Sociaal
    werk, jeugdzorg, kinderopvang (SJK)"). The comparison ignores exactly these two
    differences (`compared` below). -#}
{{ config(tags=['input']) }}

with

-- Line in the CSV file: the header is line 1. Seeds are loaded in file order.
publication_rows as (

    select
        *,
        row_number() over () + 1 as seed_line
    from {{ ref('publication_rows') }}

),

publication_columns as (

    select
        *,
        row_number() over () + 1 as seed_line
    from {{ ref('publication_columns') }}

),

publication_figures as (

    select * from {{ ref('publication_figures') }}

),

sectors as (

    select
        *,
        row_number() over () + 1 as seed_line
    from {{ ref('sectors') }}

),

sector_names as (

    select
        "Naam in publicatie" as name_nl,
        "Sector (SBI 2008)" as sbi_2008_printed
    from {{ ref('fig15_sector_names') }}

),

size_classes as (

    select * from {{ ref('size_classes') }}

),

answers as (

    select * from {{ ref('answers') }}

),

populations as (

    select * from {{ ref('populations') }}

),

-- The question of each figure: its own, or each one its rows name.
figure_questions as (

    select
        edition,
        figure,
        question_code
    from publication_figures
    where question_code is not null
    union
    select
        edition,
        figure,
        question_code
    from publication_rows
    where
        question_code is not null
        and not exists (
            select 1
            from publication_figures
            where
                publication_figures.edition = publication_rows.edition
                and publication_figures.figure = publication_rows.figure
                and publication_figures.question_code is not null
        )

),

mapped_labels as (

    -- Rows of a sector (or the total row): the sector's name.
    select
        'seeds/reference/publication_rows.csv' as source_file,
        publication_rows.seed_line,
        'sector_code' as code_column,
        'row "' || publication_rows.row_label || '"' as printed,
        publication_rows.row_label as printed_label,
        'sector ' || sectors.sector_code as mapped_to,
        sectors.name_nl as published_name
    from publication_rows
    inner join sectors
        on publication_rows.sector_code = sectors.sector_code
    where publication_rows.sector_code != '_T' or publication_rows.size_class_code = '_T'

    union all

    -- Rows of a size class over all sectors.
    select
        'seeds/reference/publication_rows.csv' as source_file,
        publication_rows.seed_line,
        'size_class_code' as code_column,
        'row "' || publication_rows.row_label || '"' as printed,
        publication_rows.row_label as printed_label,
        'size class ' || size_classes.size_class_code as mapped_to,
        size_classes.label_nl as published_name
    from publication_rows
    inner join size_classes
        on publication_rows.size_class_code = size_classes.size_class_code
    where
        publication_rows.size_class_code != '_T'
        and coalesce(publication_rows.sector_code, '_T') = '_T'

    union all

    -- Rows of an answer.
    select
        'seeds/reference/publication_rows.csv' as source_file,
        publication_rows.seed_line,
        'answer_code' as code_column,
        'row "' || publication_rows.row_label || '"' as printed,
        publication_rows.row_label as printed_label,
        'answer ' || answers.answer_code || ' of ' || answers.question_code as mapped_to,
        answers.label_nl as published_name
    from publication_rows
    inner join figure_questions
        on
            publication_rows.edition = figure_questions.edition
            and publication_rows.figure = figure_questions.figure
    inner join answers
        on
            coalesce(publication_rows.question_code, figure_questions.question_code)
            = answers.question_code
            and publication_rows.answer_code = answers.answer_code

    union all

    -- Columns of an answer.
    select
        'seeds/reference/publication_columns.csv' as source_file,
        publication_columns.seed_line,
        'answer_code' as code_column,
        'column "' || publication_columns.column_label || '"' as printed,
        publication_columns.column_label as printed_label,
        'answer ' || answers.answer_code || ' of ' || answers.question_code as mapped_to,
        answers.label_nl as published_name
    from publication_columns
    inner join figure_questions
        on
            publication_columns.edition = figure_questions.edition
            and publication_columns.figure = figure_questions.figure
    inner join answers
        on
            coalesce(publication_columns.question_code, figure_questions.question_code)
            = answers.question_code
            and publication_columns.answer_code = answers.answer_code

    union all

    -- Columns of a survey year: the header band above them, or their own header.
    select
        'seeds/reference/publication_columns.csv' as source_file,
        seed_line,
        'survey_year' as code_column,
        'column "' || concat_ws(' | ', column_group_label, column_label) || '"' as printed,
        coalesce(column_group_label, column_label) as printed_label,
        'survey year ' || survey_year as mapped_to,
        cast(survey_year as varchar) as published_name
    from publication_columns
    where
        survey_year is not null
        and (
            column_group_label is not null
            or coalesce(population_code, question_code, answer_code) is null
        )

    union all

    -- Columns of a population; "Totaal" for the parent of the figure's other columns.
    select
        'seeds/reference/publication_columns.csv' as source_file,
        publication_columns.seed_line,
        'population_code' as code_column,
        'column "' || publication_columns.column_label || '"' as printed,
        publication_columns.column_label as printed_label,
        'population ' || populations.population_code as mapped_to,
        case
            when exists (
                select 1
                from publication_columns as siblings
                inner join populations as subpopulations
                    on siblings.population_code = subpopulations.population_code
                where
                    siblings.edition = publication_columns.edition
                    and siblings.figure = publication_columns.figure
                    and subpopulations.parent_population_code = populations.population_code
            ) then 'Totaal'
            else populations.label_nl
        end as published_name
    from publication_columns
    inner join populations
        on publication_columns.population_code = populations.population_code

),

-- Both names without a trailing abbreviation in parentheses and with "en" read as a comma.
compared as (

    select
        *,
        regexp_replace(
            regexp_replace(printed_label, ' \([^)]*\)$', ''), ' en ', ', ', 'g'
        ) as printed_comparable,
        regexp_replace(
            regexp_replace(published_name, ' \([^)]*\)$', ''), ' en ', ', ', 'g'
        ) as published_comparable
    from mapped_labels

),

label_errors as (

    select
        source_file || ' line ' || seed_line || ', column "' || code_column || '": '
        || printed || ' maps to ' || mapped_to || ', published as "' || published_name || '"'
            as problem
    from compared
    where printed_comparable is distinct from published_comparable

),

-- The sector names themselves: each is figure 15's name for the sector's SBI codes.
sector_name_errors as (

    select
        'seeds/reference/sectors.csv line ' || sectors.seed_line || ', column "name_nl": sector '
        || sectors.sector_code || ' is named "' || sectors.name_nl || '", which '
        || case
            when sector_names.name_nl is null
                then 'is not a name in figure 15 (seeds/publication/fig15_sector_names.csv)'
            else 'figure 15 gives to "' || sector_names.sbi_2008_printed || '"'
        end as problem
    from sectors
    left join sector_names
        on sectors.name_nl = sector_names.name_nl
    where
        sectors.in_survey_scope
        and sectors.sector_code != '_T'
        and (
            sector_names.name_nl is null
            or left(sector_names.sbi_2008_printed, 1) != left(sectors.sbi_2008_codes, 1)
        )

),

final as (

    select problem from label_errors
    union all
    select problem from sector_name_errors

)

select * from final
