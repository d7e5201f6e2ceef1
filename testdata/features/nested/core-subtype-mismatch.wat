;; a component's core rec group whose subtype does not match its supertype structurally: rejected as module
;; validation rejects it (the component's core types go through the same checks)
(component
  (core rec
    (type $a (sub (struct (field i32))))
    (type $b (sub $a (struct (field i64)))))
)
