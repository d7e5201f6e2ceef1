;; call_indirect whose table index is the two-byte LEB128 0x80 0x00 (the text format cannot say this)
(module binary
  "\00asm" "\01\00\00\00"
  "\01\04\01\60\00\00"                  ;; type section: (func)
  "\03\02\01\00"                        ;; function section: func 0 has type 0
  "\04\04\01\70\00\00"                  ;; table section: (table 0 funcref)
  "\0a\0a\01\08\00"                     ;; code section: one body of 8 bytes, no locals
  "\41\00"                              ;; i32.const 0
  "\11\00\80\00"                        ;; call_indirect (type 0), table index 0 as 0x80 0x00
  "\0b")                                ;; end
