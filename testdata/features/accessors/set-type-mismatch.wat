;; the setter takes what the getter returns
(component
  (import "[get]x" (func (result u32))) (import "[set]x" (func (param "value" u64))))
