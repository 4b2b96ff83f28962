{{ stage_printed_table('fig07_measures_total') }}
