{#- Checks every seed file before dbt loads any (an on-run-start hook): the bytes (empty
    file, byte-order mark, Windows line ends, a lone carriage return, a blank line), that the
    file is declared in seeds/_seeds.yml, the header against the columns declared there, in
    order, and every value: none spans several lines, and each value of a typed column parses
    as its type. dbt's own CSV loader would accept some of these silently (a BOM becomes part
    of the first column's name) and word others without the file or column ("CSV Error on
    Line: 20"); here each problem is one line naming the file, and the line and column.

    Blank lines and values spanning lines are refused, not tolerated: with neither, data row
    k is line k + 1 of the file, as an editor counts, which is how every input message
    (here and in the models and tests reading the seeds) numbers lines.

    Stops the run at the first file with a problem (for the header: every problem of that
    file is listed; for values: the first). Bytes that are not UTF-8 never get here: dbt's
    parser reads every seed as UTF-8 first and stops (uwv_ai.dbt_invocation names the file
    and line of that error). -#}
{% macro check_seed_files() %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set seeds = graph.nodes.values() | selectattr('resource_type', 'equalto', 'seed')
        | sort(attribute='original_file_path') | list -%}
    {%- if not seeds -%}{{ return('') }}{%- endif -%}
    {#- Three queries in all, not three per file: the bytes of every file, the headers of the
        files before the first with a byte problem, the values of the files before the first
        with any other problem. A file's problem is raised only once every file before it is
        known to be sound, so the first problem in file order is the one reported. -#}
    {%- set paths = [] -%}
    {%- for seed in seeds -%}
        {#- dbt-duckdb writes paths into SQL as they are; here they are quoted properly. -#}
        {%- do paths.append((seed.root_path ~ '/' ~ seed.original_file_path) | replace("'", "''")) -%}
    {%- endfor -%}
    {%- set byte_problems = run_query(seed_file_byte_problems(paths, seeds)).columns[0].values() -%}
    {%- set checked = [] -%}
    {%- set stop = {'problem': none} -%}
    {%- for seed in seeds -%}
        {%- if stop.problem is none -%}
            {%- if byte_problems[loop.index0] -%}
                {%- do stop.update({'problem': byte_problems[loop.index0]}) -%}
            {%- elif not seed.patch_path -%}
                {%- do stop.update({'problem': seed.original_file_path
                    ~ ': not declared in seeds/_seeds.yml; declare the seed and type'
                    ~ ' each of its columns there, or move the file out of seeds/'}) -%}
            {%- else -%}
                {%- do checked.append(loop.index0) -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set headers = {} -%}
    {%- if checked -%}
        {%- for row in run_query(seed_file_headers(paths, checked)) -%}
            {%- do headers.setdefault(row[0], []).append(row[2]) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- set sound = [] -%}
    {%- for index in checked -%}
        {%- set seed = seeds[index] -%}
        {%- set shown_path = seed.original_file_path -%}
        {%- set header = headers.get(index, []) -%}
        {%- set declared = seed.config.column_types.keys() | list -%}
        {%- set generated = [] -%}
        {%- for column in header if modules.re.match('column[0-9]+$', column) -%}
            {%- do generated.append(column) -%}
        {%- endfor -%}
        {%- if sound | length < loop.index0 -%}
            {#- an earlier file has a header problem -#}
        {%- elif header != declared and generated | length == header | length -%}
            {#- DuckDB's sniffer found no header: rows of different lengths (an extra or
                missing field, a quote not closed). uwv_ai.dbt_invocation adds the line. -#}
            {%- do stop.update({'problem': shown_path ~ ': not a well-formed CSV file'}) -%}
        {%- elif header != declared -%}
            {%- do stop.update({'problem': seed_header_problem(shown_path, header, declared)}) -%}
        {%- else -%}
            {%- do sound.append(index) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if sound -%}
        {%- set problem = run_query(seed_value_problems(paths, seeds, sound)).columns[0].values() -%}
        {%- if problem and problem[0] -%}
            {{ exceptions.raise_compiler_error(problem[0]) }}
        {%- endif -%}
    {%- endif -%}
    {%- if stop.problem is not none -%}
        {{ exceptions.raise_compiler_error(stop.problem) }}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}

{#- The header of each file of `indexes` (positions in `paths`) as DuckDB's sniffer reads
    it: rows (file index, position, column name). -#}
{% macro seed_file_headers(paths, indexes) %}
    {%- for index in indexes %}
    select
        {{ index }} as file_index,
        row_number() over () as position,
        column_name
    from (describe select * from {{ seed_file_as_text(paths[index]) }})
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
    order by file_index, position
{% endmacro %}

{#- One query for the first value problem of the files of `indexes` (positions in `paths` and
    `seeds`, ascending), in file order, or nothing: a value spanning lines (a quoted line
    break), a value longer than dbt loads, or a value of a typed column that does not parse
    as its type (which dbt's load would report as "CSV Error on Line: N"). Only runs on files
    whose header equals the declaration and that have no blank line.

    Every value becomes a row (file, line, column position, value) checked by one expression,
    and the declared columns are a table of the query: a query with a branch of its own per
    column (about 200) took DuckDB most of a second to plan, for milliseconds of work. -#}
{% macro seed_value_problems(paths, seeds, indexes) %}
    {%- set typed = [] -%}
    {%- for index in indexes -%}
        {%- for type in seeds[index].config.column_types.values() -%}
            {%- if type | lower not in ('varchar', 'text', 'string') and type not in typed -%}
                {%- do typed.append(type) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- set declared = [] -%}
    {%- for index in indexes -%}
        {%- for column, type in seeds[index].config.column_types.items() -%}
            {%- do declared.append('(' ~ index ~ ', ' ~ loop.index
                ~ ", '" ~ (column[:200] | replace("'", "''"))
                ~ "', '" ~ (type | replace("'", "''"))
                ~ "', '" ~ (seed_type_description(type) | replace("'", "''")) ~ "')") -%}
        {%- endfor -%}
    {%- endfor -%}
    with

    declared_columns (file_index, position, column_label, column_type, type_description) as (

        values
        {{ declared | join(',\n        ') }}

    ),

    file_values as (

        {%- for index in indexes %}
        {%- set columns = seeds[index].config.column_types.keys() | list %}
        -- The header is line 1; with no blank line and no value spanning lines, data row k
        -- is line k + 1. (The header equals the declared columns, so they name its values.)
        select
            {{ index }} as file_index,
            '{{ seeds[index].original_file_path | replace("'", "''") }}' as shown,
            "__line" as line,
            unnest(range(1, {{ columns | length + 1 }})) as position,
            unnest([
                {%- for column in columns -%}
                    "{{ column | replace('"', '""') }}"{{ ', ' if not loop.last }}
                {%- endfor -%}
            ]) as value
        from (
            select
                row_number() over () + 1 as "__line",
                *
            from {{ seed_file_as_text(paths[index]) }}
        )
        {% if not loop.last %}union all{% endif %}
        {%- endfor %}

    ),

    problems as (

        select
            file_values.file_index,
            file_values.line,
            file_values.position,
            file_values.shown || ' line ' || file_values.line
            || ', column "' || declared_columns.column_label || '": '
            || case
                -- dbt's loader (Python's csv module) stops at a longer value.
                when length(file_values.value) > 131072
                    then
                        {{ shown_value('file_values.value') }}
                        || ' is longer than dbt loads (131,072 characters)'
                when contains(file_values.value, chr(10)) or contains(file_values.value, chr(13))
                    then
                        {{ shown_value(
                            "split_part(replace(file_values.value, chr(13), chr(10)), chr(10), 1)"
                        ) }}
                        || ' continues on the next line (a line break inside quotes);'
                        || ' keep each row of a seed on one line'
                else
                    {{ shown_value('file_values.value') }}
                    || ' is not ' || declared_columns.type_description
                    || '; seeds/_seeds.yml declares the column ' || declared_columns.column_type
            end as problem
        from file_values
        inner join declared_columns
            on
                file_values.file_index = declared_columns.file_index
                and file_values.position = declared_columns.position
        where
            length(file_values.value) > 131072
            or contains(file_values.value, chr(10))
            or contains(file_values.value, chr(13))
            {%- if typed %}
            or (
                file_values.value is not null
                and case declared_columns.column_type
                    {%- for type in typed %}
                    when '{{ type | replace("'", "''") }}'
                        then try_cast(file_values.value as {{ type }}) is null
                    {%- endfor %}
                    else false
                end
            )
            {%- endif %}

    )

    select problem
    from problems
    order by file_index, line, position
    limit 1
{% endmacro %}

{#- The file as dbt-duckdb's COPY reads it (header, comma, double quotes), every value text. -#}
{% macro seed_file_as_text(path) %}
    {{- "read_csv('" ~ path ~ "', header = true, all_varchar = true,"
        ~ " delim = ',', quote = '\"', escape = '\"', max_line_size = 67108864)" -}}
{% endmacro %}

{#- A query returning one value per file of `paths`, in their order: the first byte-level
    problem of the file, or null. The content is read as hex so that a line end can be
    located by its line. -#}
{% macro seed_file_byte_problems(paths, seeds) %}
    with

    shown_paths (file_order, filename, shown) as (

        values
        {%- for path in paths %}
            ({{ loop.index }}, '{{ path }}', '{{ seeds[loop.index0].original_file_path | replace("'", "''") }}')
            {{- ',' if not loop.last }}
        {%- endfor %}

    ),

    file as (

        select
            shown_paths.file_order,
            shown_paths.shown,
            hex(blobs.content) as hex_content
        from shown_paths
        left join
            read_blob([{% for path in paths %}'{{ path }}'{{ ', ' if not loop.last }}{% endfor %}])
                as blobs
            on shown_paths.filename = blobs.filename

    ),

    lines as (

        -- Byte-aligned lines (two hex digits a byte): a position in the list is a line number.
        select
            file_order,
            shown,
            hex_content,
            regexp_extract_all(hex_content, '((?:..)*?0A|(?:..)+$)') as hex_lines
        from file

    ),

    located as (

        select
            file_order,
            shown,
            hex_content,
            -- A CR directly before the LF ending the line, and a CR followed by anything else
            -- (an old Mac line end, or a stray byte inside a value): the first line of each.
            -- (list_position gives null where no line matches.)
            coalesce(list_position(
                list_transform(hex_lines, lambda x: regexp_matches(x, '^(?:..)*?0D0A$')), true
            ), 0) as crlf_line,
            coalesce(list_position(
                list_transform(
                    hex_lines,
                    lambda x: regexp_matches(x, '^(?:..)*?0D(?:[1-9A-F].|0[0-9B-F]|$)')
                ),
                true
            ), 0) as lone_cr_line,
            coalesce(
                list_position(list_transform(hex_lines, lambda x: x = '0A'), true), 0
            ) as blank_line
        from lines

    )

    select
        case
            -- (read_blob names each file as it was given; a file it did not return is
            -- unreadable.)
            when hex_content is null then shown || ': the file could not be read'
            when length(hex_content) = 0 or regexp_full_match(hex_content, '(?:(?:20|09|0A))*')
                then shown || ': the file is empty'
            when starts_with(hex_content, 'EFBBBF')
                then
                    shown || ' line 1: starts with a byte-order mark;'
                    || ' save it as UTF-8 without BOM'
            when lone_cr_line > 0 and (crlf_line = 0 or lone_cr_line <= crlf_line)
                then
                    shown || ' line ' || lone_cr_line
                    || ': a carriage return (CR) not followed by a line feed;'
                    || ' seeds end lines with LF only'
            when crlf_line > 0
                then
                    shown || ' line ' || crlf_line
                    || ': Windows line end (CR LF); seeds end lines with LF'
            when blank_line > 0
                then
                    shown || ' line ' || blank_line
                    || ': blank line; remove it (every line of a seed is a row)'
        end as problem
    from located
    order by file_order
{% endmacro %}

{#- A column type as the message names it. -#}
{% macro seed_type_description(type) %}
    {%- set type = type | lower -%}
    {%- if type in ('integer', 'int', 'bigint', 'smallint') -%}
        {{- return('a whole number') -}}
    {%- elif type == 'boolean' -%}
        {{- return('true or false') -}}
    {%- elif type.startswith('decimal') or type.startswith('numeric') or type == 'double' -%}
        {{- return('a number (digits and a decimal point, no % sign)') -}}
    {%- elif type == 'date' -%}
        {{- return('a date (YYYY-MM-DD)') -}}
    {%- else -%}
        {{- return('a ' ~ type) -}}
    {%- endif -%}
{% endmacro %}

{% macro seed_header_problem(shown_path, header, declared) %}
    {%- set parts = [] -%}
    {%- for column in declared if column not in header -%}
        {%- do parts.append('column "' ~ column ~ '" is declared in seeds/_seeds.yml but missing') -%}
    {%- endfor -%}
    {%- for column in header if column not in declared -%}
        {%- set shown = column[:200] ~ ('…' if column | length > 200 else '') -%}
        {%- do parts.append('column "' ~ shown ~ '" is not declared in seeds/_seeds.yml') -%}
    {%- endfor -%}
    {%- if not parts -%}
        {%- do parts.append('columns are not in the declared order: ' ~ declared | join(', ')) -%}
    {%- endif -%}
    {{ return(shown_path ~ ': ' ~ parts | join('; ')) }}
{% endmacro %}
