(module (memory 1) (func (param i32 i32) local.get 0 local.get 1 memory.discard))
