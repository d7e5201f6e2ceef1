(module (tag) (func try catch 0 end))
