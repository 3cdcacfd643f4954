"""数据反馈报告 (feedback report): each school's key indicators against schools of the same
level in its city and in the province, and its own trend over the last five cycles."""
