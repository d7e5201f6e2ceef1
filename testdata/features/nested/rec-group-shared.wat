;; the same rec group declared by the component and by two nested modules is one canonical type (one
;; core type store), so instantiating with a function of that type passes the import check
(component
  (core rec (type $s (struct (field i32))) (type $f (func (param (ref $s)))))
  (core module $a
    (rec (type $s (struct (field i32))) (type $f (func (param (ref $s)))))
    (func (export "f") (type $f))
  )
  (core module $b
    (rec (type $s (struct (field i32))) (type $f (func (param (ref $s)))))
    (import "a" "f" (func (type $f)))
  )
  (core instance $ia (instantiate $a))
  (core instance $ib (instantiate $b (with "a" (instance $ia))))
)
