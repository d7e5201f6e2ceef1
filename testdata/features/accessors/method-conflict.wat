;; a method getter conflicts with a method of the same name
(component
  (import "r" (type $r (sub resource))) (import "[method][get]r.x" (func (param "self" (borrow $r)) (result u32))) (import "[method]r.x" (func (param "self" (borrow $r)))))
