(module (type $t (struct)) (func (param (ref (exact $t)))))
