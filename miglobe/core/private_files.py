"""The one way a private file leaves the server (uploads live in a storage without URLs).

The caller checks who may read the file first; this builds the response, the same for every kind of file:
no cache on the way may keep it (`private, no-store`), and the browser must take the content type as given
(`nosniff`, so an uploaded file can never run as a page). With `download_name` it is an attachment.
"""

from django.http import FileResponse, Http404


def private_file_response(file, *, download_name=None, content_type=None) -> FileResponse:
    if not file:
        raise Http404
    response = FileResponse(
        file.open("rb"),
        as_attachment=download_name is not None,
        filename=download_name or "",
        content_type=content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
