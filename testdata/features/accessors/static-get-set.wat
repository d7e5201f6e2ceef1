;; static accessors
(component
  (import "r" (type $r (sub resource))) (import "[static][get]r.x" (func (result u32))) (import "[static][set]r.x" (func (param "v" u32))))
