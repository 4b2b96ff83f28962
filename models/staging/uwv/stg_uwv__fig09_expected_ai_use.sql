{{ stage_printed_table(
    'fig09_expected_ai_use',
    stub_column='Toekomstig gebruik AI',
) }}
