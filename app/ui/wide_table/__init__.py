"""Wide tables worked in comfort: wrapping headers, a frozen first column, a row form, a large editor."""
