{#- Checks every seed file before dbt loads any (an on-run-start hook): the bytes (empty
    file, byte-order mark, Windows line ends) and the header against the
    columns seeds/_seeds.yml declares, in order. dbt's own CSV loader would accept some of
    these silently (a BOM becomes part of the first column's name) and word others without
    the file's column; here each problem is one line naming the file, and the line or column.
    Stops the run at the first file with a problem; every problem of that file is listed.
    Bytes that are not UTF-8 never get here: dbt's parser reads every seed as UTF-8 first and
    stops (uwv_ai.dbt_invocation names the file and line of that error). -#}
{% macro check_seed_files() %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set seeds = graph.nodes.values() | selectattr('resource_type', 'equalto', 'seed')
        | sort(attribute='original_file_path') | list -%}
    {%- for seed in seeds -%}
        {%- set path = seed.root_path ~ '/' ~ seed.original_file_path -%}
        {%- set problem = run_query(seed_file_byte_problem(path, seed.original_file_path))
            .columns[0].values()[0] -%}
        {%- if problem -%}
            {{ exceptions.raise_compiler_error(problem) }}
        {%- endif -%}
        {%- set header = run_query(
            "select * from read_csv('" ~ path ~ "', header = true, all_varchar = true,"
            ~ " delim = ',', quote = '\"', escape = '\"') limit 0"
        ).column_names | list -%}
        {%- set declared = seed.config.column_types.keys() | list -%}
        {%- if header != declared -%}
            {{ exceptions.raise_compiler_error(
                seed_header_problem(seed.original_file_path, header, declared)
            ) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return('') }}
{% endmacro %}

{#- A query returning one value: the first byte-level problem of the file, or null. The
    content is read as hex so that a line end can be located by its line. -#}
{% macro seed_file_byte_problem(path, shown_path) %}
    with

    file as (

        select hex(content) as hex_content
        from read_blob('{{ path }}')

    ),

    lines as (

        -- Byte-aligned lines (two hex digits a byte): a position in the list is a line number.
        select
            hex_content,
            regexp_extract_all(hex_content, '((?:..)*?0A|(?:..)+$)') as hex_lines
        from file

    )

    select
        case
            when length(hex_content) = 0 or regexp_full_match(hex_content, '(?:(?:20|09|0A))*')
                then '{{ shown_path }}: the file is empty'
            when starts_with(hex_content, 'EFBBBF')
                then
                    '{{ shown_path }} line 1: starts with a byte-order mark;'
                    || ' save it as UTF-8 without BOM'
            when list_bool_or(list_transform(hex_lines, lambda x: regexp_matches(x, '^(?:..)*0D')))
                then
                    '{{ shown_path }} line '
                    || list_position(
                        list_transform(
                            hex_lines, lambda x: regexp_matches(x, '^(?:..)*0D')
                        ),
                        true
                    )
                    || ': Windows line end (CR LF); seeds end lines with LF'
        end as problem
    from lines
{% endmacro %}

{% macro seed_header_problem(shown_path, header, declared) %}
    {%- set parts = [] -%}
    {%- for column in declared if column not in header -%}
        {%- do parts.append('column "' ~ column ~ '" is declared in seeds/_seeds.yml but missing') -%}
    {%- endfor -%}
    {%- for column in header if column not in declared -%}
        {%- do parts.append('column "' ~ column ~ '" is not declared in seeds/_seeds.yml') -%}
    {%- endfor -%}
    {%- if not parts -%}
        {%- do parts.append('columns are not in the declared order: ' ~ declared | join(', ')) -%}
    {%- endif -%}
    {{ return(shown_path ~ ': ' ~ parts | join('; ')) }}
{% endmacro %}
