{#- dbt's `ref`, naming the relation without its catalog: `"marts"."dim_sector"`, not
    `"dev"."marts"."dim_sector"`. DuckDB names a file's catalog after the file (`dev`, or
    `warehouse` for warehouse.duckdb and its candidate), so SQL naming it runs only in a file of
    that name. Without it, compiled analyses run unchanged on the published file under any
    name, and the warehouse's view (stg_uwv__printed_cells) reads the tables of its own file
    (DuckDB binds the names in a view within the view's catalog).

    Only the SQL that reads a relation changes: `this`, and so every materialization, still
    names the catalog dbt builds into, and so does the manifest's relation_name (uwv_ai.docs
    takes it out for the docs site). Ephemeral models render as their CTE name either way.
    With `ref` overridden, dbt renders models with Jinja instead of its static parser on a
    full parse (README, "Plain dbt"). -#}
{% macro ref() %}
    {{ return(builtins.ref(*varargs, **kwargs).include(database=False)) }}
{% endmacro %}
