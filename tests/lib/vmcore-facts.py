# drgn -c VMCORE -s vmlinux --no-default-symbols vmcore-facts.py
# Print what a user first checks in a dump: the kernel release and the
# name of the init task.
print("release", prog["init_uts_ns"].name.release.string_().decode())
print("init_task.comm", prog["init_task"].comm.string_().decode())
