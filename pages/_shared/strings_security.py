"""Strings of the login hardening (accounts re-read on every run, fail-closed) and other
security notices."""

STRINGS = {
    "auth.broken": (
        "账号配置文件有误，为安全起见看板已暂停开放。请管理员查看服务器日志并修正账号文件。",
        "The accounts file is malformed, so the dashboard is closed for safety. Admin: see the server log and fix the file.",
    ),
    "auth.removed": (
        "当前账号已被删除或停用，已退出登录。",
        "This account was removed; you have been logged out.",
    ),
    "auth.role_changed": (
        "当前账号的角色已改为“{role}”。",
        "This account's role is now {role}.",
    ),
}
