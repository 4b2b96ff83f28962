{{ stage_printed_table('fig13_measures_by_population') }}
