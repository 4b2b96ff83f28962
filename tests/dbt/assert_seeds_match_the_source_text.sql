{#- Every printed-table seed row of edition 2025 is printed so in the publication's
    extracted text: an input gate against transcription errors (swapped rows or blocks, a
    changed value that keeps the sums, a wrong digit).

    The text is read from the path in the environment variable UWV_AI_SOURCE_TEXT. The
    build never needs it: when the variable is unset or empty, the test warns once that the
    seeds were not verified; when it names a file that does not exist, the test fails.

    How the text prints each kind of seed:
    - appendix tables and figure 15: one line per row, label then values; a long label may
      wrap onto the next line, and a label broken after a hyphen continues without a space.
      The row, its cells joined by spaces, must occur in the text with lines joined by
      spaces (the "flat" text).
    - charts (figures 4, 6, 7): the data labels survive as loose lines holding only
      percentages. Figure 4 prints its first value column top to bottom, then its second;
      figure 6 prints each pie's two values together; figure 7 prints its bars in order,
      except the values publication_cell_sources marks as recovered, which the running text
      quotes in parentheses.
    A row that is not in the text is reported with the source line that is most probably
    its printing: a line with the same row label and number of values (for charts: a run of
    loose lines with as many values) sharing the most values with it, nearest to where the
    seed's other rows are printed. -#}
{#- (sqlfluff's templater does not know env_var; hence the noqa.) -#}
{%- set source_path = env_var('UWV_AI_SOURCE_TEXT', '') | trim -%} -- noqa: TMP
{{ config(tags=['input'], severity='error' if source_path else 'warn') }}
{%- set table_seeds = [
    'fig08_current_ai_use',
    'fig09_expected_ai_use',
    'fig10_expected_consequences',
    'fig12_measures',
    'fig13_measures_by_population',
] -%}
{#- Charts by how the text prints their values: column by column, row by row, in order. -#}
{%- set column_charts = ['fig04_consequences_trend'] -%}
{%- set row_charts = ['fig06_guidance_and_preparation'] -%}
{%- set bar_charts = ['fig07_measures_total'] -%}
{%- set chart_seeds = column_charts + row_charts + bar_charts -%}
{%- set verified_seeds = table_seeds + chart_seeds + ['fig15_sector_names'] -%}
{%- set source_exists = true -%}
{%- if execute and source_path -%}
    {#- A missing file must give one line, not DuckDB's error: look before reading. -#}
    {%- set found = run_query(
        "select count(*) from glob('" ~ source_path | replace("'", "''") ~ "')"
    ) -%}
    {%- set source_exists = found.columns[0].values()[0] > 0 -%}
{%- endif -%}
{%- set can_read = source_path and source_exists -%}

with

{% for seed in table_seeds + chart_seeds %}
{{ seed }} as (

    -- Line in the CSV file: the header is line 1. Seeds are loaded in file order.
    select
        '{{ seed }}' as seed_name,
        edition,
        row_number() over () + 1 as seed_line,
        [*columns(* exclude (edition))] as cells
    from {{ ref(seed) }}

),

{% endfor %}
fig15_sector_names as (

    select
        'fig15_sector_names' as seed_name,
        2025 as edition,
        row_number() over () + 1 as seed_line,
        [*columns(*)] as cells
    from {{ ref('fig15_sector_names') }}

),

publication_figures as (

    select
        figure,
        seed_name,
        edition,
        row_number() over () + 1 as seed_line
    from {{ ref('publication_figures') }}

),

recovered_cells as (

    select
        edition,
        figure,
        row_label
    from {{ ref('publication_cell_sources') }}
    where cell_source = 'recovered'

),

seed_rows as (

    {% for seed in verified_seeds %}
    select
        seed_name,
        'seeds/publication/' || seed_name || '.csv' as source_file,
        seed_line,
        cells
    from {{ seed }}
    where edition = 2025
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

chart_cells as (

    select
        seed_rows.*,
        publication_figures.figure,
        recovered_cells.row_label is not null as is_recovered
    from seed_rows
    inner join publication_figures
        on
            seed_rows.seed_name = publication_figures.seed_name
            and publication_figures.edition = 2025
    left join recovered_cells
        on
            publication_figures.figure = recovered_cells.figure
            and recovered_cells.edition = 2025
            and seed_rows.cells[1] = recovered_cells.row_label
    where seed_rows.seed_name in ({{ "'" ~ chart_seeds | join("', '") ~ "'" }})

),

-- What must be in the text: one item per row, chart or recovered value. `haystack` says
-- where to look (the flat text, or the loose percentage lines), `needle` what to find.
items as (

    select
        source_file,
        seed_name,
        'line ' || seed_line as seed_lines,
        seed_line as first_line,
        'row "' || array_to_string(cells, ' ') || '" is' as what,
        cells[1] as row_label,
        cells[2:] as item_values,
        'text' as haystack,
        ' ' || array_to_string(cells, ' ') || ' ' as needle
    from seed_rows
    where seed_name not in ({{ "'" ~ chart_seeds | join("', '") ~ "'" }})

    union all

    -- Figure 4: the first value column top to bottom, then the second.
    select
        source_file,
        seed_name,
        'lines ' || min(seed_line) || '-' || max(seed_line) as seed_lines,
        min(seed_line) as first_line,
        'the chart values "'
        || array_to_string(
            list(cells[2] order by seed_line) || list(cells[3] order by seed_line), ' '
        )
        || '" (each value column top to bottom) are' as what,
        null as row_label,
        list(cells[2] order by seed_line) || list(cells[3] order by seed_line) as item_values,
        'loose' as haystack,
        ' ' || array_to_string(
            list(cells[2] order by seed_line) || list(cells[3] order by seed_line), ' '
        ) || ' ' as needle
    from chart_cells
    where seed_name in ({{ "'" ~ column_charts | join("', '") ~ "'" }})
    group by source_file, seed_name

    union all

    -- Figure 6: each pie's values together.
    select
        source_file,
        seed_name,
        'line ' || seed_line as seed_lines,
        seed_line as first_line,
        'the chart values "' || array_to_string(cells[2:], ' ') || '" of row "' || cells[1]
        || '" are' as what,
        null as row_label,
        cells[2:] as item_values,
        'loose' as haystack,
        ' ' || array_to_string(cells[2:], ' ') || ' ' as needle
    from chart_cells
    where seed_name in ({{ "'" ~ row_charts | join("', '") ~ "'" }})

    union all

    -- Figure 7: the bars in order, without the recovered values.
    select
        source_file,
        seed_name,
        'lines ' || min(seed_line) || '-' || max(seed_line) as seed_lines,
        min(seed_line) as first_line,
        'the chart values "'
        || array_to_string(list(cells[2] order by seed_line), ' ')
        || '" (top to bottom, without recovered values) are' as what,
        null as row_label,
        list(cells[2] order by seed_line) as item_values,
        'loose' as haystack,
        ' ' || array_to_string(list(cells[2] order by seed_line), ' ') || ' ' as needle
    from chart_cells
    where
        not is_recovered
        and seed_name in ({{ "'" ~ bar_charts | join("', '") ~ "'" }})
    group by source_file, seed_name

    union all

    -- A recovered value: quoted in parentheses by the running text.
    select
        source_file,
        seed_name,
        'line ' || seed_line as seed_lines,
        seed_line as first_line,
        'the recovered value "' || cells[2] || '" of row "' || cells[1]
        || '" (quoted as "(' || cells[2] || ')" in the running text before figure ' || figure
        || ') is' as what,
        null as row_label,
        cast([] as varchar[]) as item_values,
        'quote before figure ' || figure as haystack,
        '(' || cells[2] || ')' as needle
    from chart_cells
    where is_recovered

),

{% if can_read %}
source_lines as (

    select
        generate_subscripts(lines, 1) as line_no,
        trim(regexp_replace(unnest(lines), '\s+', ' ', 'g')) as line_text
    from (
        select string_split(content, chr(10)) as lines
        from read_text('{{ source_path | replace("'", "''") }}')
    )

),
{% else %}
source_lines as (

    select
        cast(null as integer) as line_no,
        cast(null as varchar) as line_text
    where false

),
{% endif %}

printed_lines as (

    select
        line_no,
        line_text,
        -- A line broken after a hyphen continues without a space.
        line_text || case when line_text like '%-' then '' else ' ' end as piece,
        regexp_full_match(line_text, '\d+%( \d+%)*') as is_loose
    from source_lines
    where line_text != ''

),

-- Where each line starts in the flat text (which starts with a space).
positioned_lines as (

    select
        *,
        2 + coalesce(
            sum(length(piece)) over (
                order by line_no rows between unbounded preceding and 1 preceding
            ),
            0
        ) as flat_start,
        row_number() over (order by line_no)
        - row_number() over (partition by is_loose order by line_no) as island
    from printed_lines

),

haystacks as (

    select
        ' ' || string_agg(piece, '' order by line_no) as flat_text,
        ' ' || string_agg(line_text, ' ' order by line_no) filter (where is_loose) || ' '
            as loose_text
    from printed_lines

),

-- Printed table rows: a label, then percentages to the end of the line.
table_lines as (

    select
        line_no,
        line_text,
        regexp_extract(line_text, '^(.*?) ?(\d+%( \d+%)*)$', 1) as row_label,
        string_split(regexp_extract(line_text, '^(.*?) ?(\d+%( \d+%)*)$', 2), ' ')
            as line_values
    from printed_lines
    where regexp_matches(line_text, '^(.*?) ?(\d+%( \d+%)*)$') and not is_loose

),

-- Runs of loose percentage lines, separated only by empty lines.
loose_runs as (

    select
        min(line_no) as line_no,
        'lines ' || min(line_no) || '-' || max(line_no) as source_lines,
        string_agg(line_text, ' ' order by line_no) as line_text,
        string_split(string_agg(line_text, ' ' order by line_no), ' ') as line_values
    from positioned_lines
    where is_loose
    group by island

),

-- The running text before a figure: from the caption of the figure before it to its own.
captions as (

    select
        line_no,
        cast(regexp_extract(line_text, '^Figuur (\d+)\.', 1) as integer) as figure
    from printed_lines
    where regexp_matches(line_text, '^Figuur \d+\.')

),

quote_windows as (

    select
        line_no as last_line,
        'quote before figure ' || figure as haystack,
        coalesce(lag(line_no) over (order by figure), 0) as first_line
    from captions

),

quotes as (

    select distinct
        quote_windows.haystack,
        items.needle
    from items
    inner join quote_windows
        on items.haystack = quote_windows.haystack
    inner join printed_lines
        on
            printed_lines.line_no between quote_windows.first_line and quote_windows.last_line
            and contains(printed_lines.line_text, items.needle)

),

located as (

    select
        items.*,
        case
            when items.haystack = 'loose' then strpos(haystacks.loose_text, items.needle)
            when items.haystack = 'text' then strpos(haystacks.flat_text, items.needle)
            when quotes.needle is not null then 1
            else 0
        end as found_at
    from items
    cross join haystacks
    left join quotes
        on items.haystack = quotes.haystack and items.needle = quotes.needle

),

-- Where each seed's rows are printed: the middle of its found rows.
anchors as (

    select
        located.seed_name,
        median(positioned_lines.line_no) as anchor_line
    from located
    inner join positioned_lines
        on
            located.found_at + 1 >= positioned_lines.flat_start
            and located.found_at + 1 < positioned_lines.flat_start + length(positioned_lines.piece)
    where located.found_at > 0 and located.haystack = 'text'
    group by located.seed_name

),

missing as (

    select
        located.*,
        anchors.anchor_line
    from located
    left join anchors
        on located.seed_name = anchors.seed_name
    where located.found_at = 0

),

candidates as (

    select
        missing.source_file,
        missing.first_line,
        missing.what,
        candidate.line_text,
        'line ' || candidate.line_no as source_lines,
        row_number() over (
            partition by missing.source_file, missing.first_line, missing.what
            order by
                list_sum(list_transform(
                    range(1, len(missing.item_values) + 1),
                    lambda i: cast(
                        missing.item_values[i] = candidate.line_values[i] as integer  -- noqa: RF02
                    )
                )) desc,
                abs(candidate.line_no - coalesce(missing.anchor_line, 0)),
                candidate.line_no
        ) as rank
    from missing
    inner join table_lines as candidate
        on
            len(missing.item_values) = len(candidate.line_values)
            and (
                missing.row_label = candidate.row_label
                or ends_with(missing.row_label, ' ' || candidate.row_label)
            )
    where missing.haystack = 'text'

    union all

    select
        missing.source_file,
        missing.first_line,
        missing.what,
        candidate.line_text,
        candidate.source_lines,
        row_number() over (
            partition by missing.source_file, missing.first_line, missing.what
            order by
                list_sum(list_transform(
                    range(1, len(missing.item_values) + 1),
                    lambda i: cast(
                        missing.item_values[i] = candidate.line_values[i] as integer  -- noqa: RF02
                    )
                )) desc,
                candidate.line_no
        ) as rank
    from missing
    inner join loose_runs as candidate
        on len(missing.item_values) = len(candidate.line_values)
    where missing.haystack = 'loose'

),

differences as (

    select
        missing.source_file || ' ' || missing.seed_lines || ': ' || missing.what
        || ' not in the source'
        || coalesce(
            '; the source prints "' || candidates.line_text || '" ('
            || candidates.source_lines || ')',
            ''
        ) as problem
    from missing
    left join candidates
        on
            missing.source_file = candidates.source_file
            and missing.first_line = candidates.first_line
            and missing.what = candidates.what
            and candidates.rank = 1

),

unverified_figures as (

    select
        'seeds/reference/publication_figures.csv line ' || seed_line
        || ': the seed ' || seed_name || ' of figure ' || figure
        || ' is not compared with the source (add it to '
        || 'tests/dbt/assert_seeds_match_the_source_text.sql)' as problem
    from publication_figures
    where
        edition = 2025
        and seed_name not in ({{ "'" ~ verified_seeds | join("', '") ~ "'" }})

),

-- Whether the text could be read: said once when it was not.
source_status as (

    {% if not source_path %}
    select
        'the seeds were not verified against the source: UWV_AI_SOURCE_TEXT is not set ('
        || count(*) || ' printed rows of edition 2025 unchecked)' as problem
    from seed_rows
    {% elif not source_exists %}
    select
        'UWV_AI_SOURCE_TEXT names "{{ source_path | replace("'", "''") }}", which does not'
        || ' exist: the seeds cannot be verified against the source' as problem
    {% else %}
    select cast(null as varchar) as problem
    where false
    {% endif %}

),

final as (

    select problem from source_status
    union all
    select problem from differences
    where {{ 'true' if can_read else 'false' }}
    union all
    select problem from unverified_figures

)

select * from final
