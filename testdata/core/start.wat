;; a start function that is neither the first function nor index 1 (an import comes first), with a name
(module
  (import "env" "log" (func $log (param i32)))
  (func $helper)
  (func $init (call $log (i32.const 1)))
  (start $init))
