{{ stage_printed_table(
    'fig10_expected_consequences',
    stub_column='Gevolgen AI in komende 5 jaar',
) }}
