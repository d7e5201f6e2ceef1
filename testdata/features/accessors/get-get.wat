;; one accessor annotation
(component
  (import "[get][get]x" (func (result u32))))
