;; [constructor] names take no accessor
(component
  (import "[constructor][get]x" (func (result u32))))
