;; a [method][set] pairs with a [method][get], not a [static][get]
(component
  (import "r" (type $r (sub resource))) (import "[static][get]r.x" (func (result u32))) (import "[method][set]r.x" (func (param "self" (borrow $r)) (param "v" u32))))
