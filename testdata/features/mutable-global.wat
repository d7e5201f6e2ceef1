(module (import "m" "g" (global (mut i32))))
