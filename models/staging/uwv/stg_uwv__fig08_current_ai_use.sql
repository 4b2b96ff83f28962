{{ stage_printed_table('fig08_current_ai_use') }}
