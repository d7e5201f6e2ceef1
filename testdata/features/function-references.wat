(module (type $f (func)) (func (param (ref $f)) local.get 0 call_ref $f))
