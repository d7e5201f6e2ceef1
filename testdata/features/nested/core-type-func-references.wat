;; a core function type with a non-nullable reference, in a component's core type section
(component
  (core type $f (func))
  (core type (func (param (ref $f)))))
