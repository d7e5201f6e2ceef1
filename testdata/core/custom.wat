;; A core module with the tool-metadata custom sections `producers` and `target_features`, and
;; two extra custom sections placed at chosen positions (for placement-preserving round trips).
(module
  (@producers
    (language "Swift" "6.3")
    (processed-by "wcomp-testdata" "0.1.0")
    (processed-by "wasm-tools" "1.262.0")
    (sdk "wasi-sdk" "25.0"))
  ;; target_features: a vector of (prefix byte, feature name); '+' = used.
  (@custom "target_features"
    "\04"
    "+\0fmutable-globals"
    "+\08sign-ext"
    "+\0fbulk-memory-opt"
    "+\0freference-types")
  (@custom "wcomp-before-type" (before type) "placed before the type section")
  (@custom "wcomp-after-code" (after code) "\00\01\02\ff")
  (memory 1)
  (global $g (mut i32) (i32.const 42))
  (func (export "answer") (result i32) (global.get $g))
)
