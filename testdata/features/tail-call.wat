(module (func return_call 0))
