;; an interface name is not a label
(component
  (import "[get]a:b/c" (func (result u32))))
