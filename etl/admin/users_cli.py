"""``python -m etl user …``: add, passwd, role, remove, unlock, list local accounts (the rules are
``etl.admin.users``); every change is written to the warehouse's audit log."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from .users import (
    ROLE_ZH,
    ROLES,
    AuthError,
    add_user,
    list_users,
    lock_status,
    remove_user,
    set_password,
    set_role,
    unlock,
    users_path,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--users-file", help="账号文件 accounts file (默认 $SAFETY_USERS 或 data/auth/users.toml)")
    sub = parser.add_subparsers(dest="user_cmd", required=True)
    sp = sub.add_parser("add", help="新建账号 add an account")
    sp.add_argument("username")
    sp.add_argument("--role", choices=ROLES, default="viewer")
    sp.add_argument("--name", default="", help="显示名 display name")
    sp.add_argument("--password-stdin", action="store_true", help="从标准输入读密码 read the password from stdin")
    sp = sub.add_parser("passwd", help="设置密码 set a password")
    sp.add_argument("username")
    sp.add_argument("--password-stdin", action="store_true")
    sp = sub.add_parser("role", help="更改角色 change a role")
    sp.add_argument("username")
    sp.add_argument("role", choices=ROLES)
    sp = sub.add_parser("remove", help="删除账号 remove an account")
    sp.add_argument("username")
    sp = sub.add_parser("unlock", help="解除锁定 unlock after too many wrong passwords")
    sp.add_argument("username")
    sub.add_parser("list", help="列出账号 list accounts")


def _read_password(args) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("新密码 New password: ")
    if getpass.getpass("再输一次 Again: ") != first:
        raise AuthError("两次输入的密码不一致。", "The two passwords differ.")
    return first


def _audit(args, action: str, detail: dict) -> None:
    """Account changes go to the warehouse's audit log like every other write."""
    from etl.store import db as dbmod
    from etl.store.load import audit

    actor = getattr(args, "user", None) or os.environ.get("USER") or getpass.getuser()
    with dbmod.writer(dbmod.resolve_path(args.db)) as con:
        con.execute("BEGIN TRANSACTION")
        audit(con, f"cli:{actor}", action, detail)
        con.execute("COMMIT")


def run(args) -> int:
    path = users_path(args.users_file)
    cmd = args.user_cmd
    try:
        if cmd == "list":
            users = list_users(path)
            if not users:
                print(f"还没有账号（{path}）。/ No accounts yet.")
            for u in users:
                failures, locked = lock_status(u.username, path=path)
                extra = f"  已锁定 locked {int(locked // 60) + 1} min" if locked else ""
                print(f"{u.username}\t{u.role}\t{u.display_name}{extra}")
            return 0
        if cmd == "add":
            add_user(args.username, _read_password(args), args.role, display_name=args.name, path=path)
            _audit(args, "user_add", {"username": args.username, "role": args.role})
            print(f"已新建账号 {args.username}（{ROLE_ZH[args.role]}）。/ Added {args.username} ({args.role}).")
        elif cmd == "passwd":
            set_password(args.username, _read_password(args), path=path)
            _audit(args, "user_password", {"username": args.username})
            print(f"已更新 {args.username} 的密码。/ Password set for {args.username}.")
        elif cmd == "role":
            set_role(args.username, args.role, path=path)
            _audit(args, "user_role", {"username": args.username, "role": args.role})
            print(f"{args.username} 的角色已改为 {ROLE_ZH[args.role]}。/ {args.username} is now {args.role}.")
        elif cmd == "remove":
            remove_user(args.username, path=path)
            _audit(args, "user_remove", {"username": args.username})
            print(f"已删除账号 {args.username}。/ Removed {args.username}.")
        elif cmd == "unlock":
            unlock(args.username, path=path)
            _audit(args, "user_unlock", {"username": args.username})
            print(f"已解除 {args.username} 的锁定。/ Unlocked {args.username}.")
        return 0
    except AuthError as exc:
        print(str(exc), file=sys.stderr)
        return 1
