"""Code actions: the quick fixes at a place (`quickfix`), every safe fix at once (`fix_all`),
and a Service made headless in its own file (`headless`)."""
