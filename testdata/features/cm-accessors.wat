(component (import "[get]x" (func (result u32))))
