"""An organization id beyond the column's range is a wrong choice, not a server error."""

from __future__ import annotations

import pytest

from eventapp.registration.accreditation import RegistrationError
from eventapp.registration.participants import choose_organization


@pytest.mark.parametrize("choice", [str(2**31), "9" * 30, "0"])
def test_choose_organization_refuses_an_id_out_of_range(factory, choice):
    category = factory.category("government")

    with pytest.raises(RegistrationError, match="Choose an organization from the list."):
        choose_organization(choice, category)
