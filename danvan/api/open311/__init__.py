"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) under ``/open311/v2/``.

The standard's clients (city apps, FixMyStreet-style reporting sites) send a citizen's
feedback (phản ánh) or petition (kiến nghị) about a field (lĩnh vực, the standard's "service")
and follow its status. Complaints and denunciations never come this way: they are signed by
their sender (Luật Khiếu nại Art. 8; Luật Tố cáo Art. 23), which the standard cannot carry.

The package is an adapter like the rest of the api context: letters are received through
``letters.services.public_intake`` (channel: the API), read through the letters' selectors,
and what the public sees of them follows the publications (``letters.Publication``) and the
public shield (``letters.protection.public_shields``).

* ``formats``: the JSON and XML bodies and the standard's error lists;
* ``ids``: the public, unguessable identifiers of requests and tokens;
* ``selectors``: the services and the service requests as the standard shows them;
* ``submit``: a ``POST requests`` form read into a letter and sent;
* ``views`` and ``urls``: the endpoints.
"""
