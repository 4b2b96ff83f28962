with

source as (

    select * from {{ ref('publication_columns') }}

),

renamed as (

    select
        edition,
        figure,
        column_group_label,
        column_label,
        survey_year,
        population_code,
        question_code,
        answer_code,
        -- The seed's header of a column nested under a printed band (figure 8's year).
        concat_ws(' | ', column_group_label, column_label) as column_header
    from source

)

select * from renamed
