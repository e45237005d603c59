"""Running the warehouse: accounts (users) and maintenance (check, backup, restore)."""
