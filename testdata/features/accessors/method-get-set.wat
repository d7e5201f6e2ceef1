;; resource accessors: [method][get] takes only self, [method][set] self and the value
(component
  (import "r" (type $r (sub resource))) (import "[method][get]r.x" (func (param "self" (borrow $r)) (result u32))) (import "[method][set]r.x" (func (param "self" (borrow $r)) (param "v" u32))))
