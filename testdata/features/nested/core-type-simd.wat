;; a core module type whose function type uses v128
(component
  (core type (module (import "m" "f" (func (param v128))))))
