;; a getter and its setter (the setter's parameter may have any name)
(component
  (import "[get]x" (func (result u32))) (import "[set]x" (func (param "v" u32))))
