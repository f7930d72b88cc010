from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from eventapp.extensions import db


class BalanceTarget(db.Model):
    """An event's goal for one category's share of speaking time, in percent."""

    __tablename__ = "balance_targets"
    __table_args__ = (
        UniqueConstraint("event_id", "category_id", name="uq_balance_targets_event_category"),
        CheckConstraint("min_percent IS NULL OR (min_percent >= 0 AND min_percent <= 100)",
                        name="min_percent"),
        CheckConstraint("max_percent IS NULL OR (max_percent >= 0 AND max_percent <= 100)",
                        name="max_percent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    category_id: Mapped[int] = mapped_column(ForeignKey("stakeholder_categories.id"))
    min_percent: Mapped[float | None] = mapped_column()
    max_percent: Mapped[float | None] = mapped_column()
    required_on_panels: Mapped[bool] = mapped_column(default=False)
