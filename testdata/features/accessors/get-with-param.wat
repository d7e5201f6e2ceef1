;; a getter takes no parameters
(component
  (import "[get]x" (func (param "a" u32) (result u32))))
