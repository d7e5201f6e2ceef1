(module (tag) (func try_table (catch_all 0) end))
