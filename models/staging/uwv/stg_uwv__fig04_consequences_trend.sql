{{ stage_printed_table('fig04_consequences_trend') }}
