(module (func (result externref) ref.null extern))
