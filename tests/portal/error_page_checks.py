"""What every error page must show (issue 12): French, the quick exit, the emergency numbers, and nothing else."""

from django.conf import settings
from django.http import HttpResponse

# Numbers called; the 114 takes no call: it is texted (sms:114).
EMERGENCY = ("17", "112", "15", "18", "115")


def error_page(response: HttpResponse, status: int) -> str:
    """The page's HTML, once checked: the status, French, the quick exit, the numbers as links, no debug output."""
    html = response.content.decode()
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert '<html lang="fr"' in html
    assert f"Erreur {status}" in html
    assert f'id="quick-exit"\n     href="{settings.ALLERVERS_QUICK_EXIT_URL}"' in html
    for number in EMERGENCY:
        assert f'href="tel:{number}"' in html, number
    assert 'href="sms:114"' in html and 'href="tel:114"' not in html
    for leak in ("Traceback", "Django", "Exception", "DEBUG", "settings.py", "Request Method"):
        assert leak not in html, leak
    return html
