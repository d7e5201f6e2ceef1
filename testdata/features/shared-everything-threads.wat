(module (global (shared i32) (i32.const 0)))
