{{ stage_printed_table(
    'fig12_measures',
    stub_column='Maatregelen om te begeleiden of voor te bereiden',
) }}
