{{ stage_printed_table('fig06_guidance_and_preparation') }}
