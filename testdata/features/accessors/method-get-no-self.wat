;; a method getter still needs self
(component
  (import "r" (type $r (sub resource))) (import "[method][get]r.x" (func (result u32))))
