// RfqSender status page: refreshes a campaign's counts while the page is open. Served by the application
// itself (the content security policy allows no inline script and no other origin).
(function () {
    'use strict';
    var live = document.getElementById('live');
    if (!live || !window.fetch) {
        return;
    }

    var url = live.getAttribute('data-live');
    var interval = parseInt(live.getAttribute('data-interval'), 10) || 2000;
    var status = document.getElementById('live-status');
    var format = function (n) { return Number(n).toLocaleString('en-US'); };

    function show(data) {
        var nodes = live.querySelectorAll('[data-count]');
        for (var i = 0; i < nodes.length; i++) {
            var name = nodes[i].getAttribute('data-count');
            var value = name === 'Total' ? data.total : (data.counts[name] || 0);
            var text = format(value);
            if (nodes[i].textContent !== text) {
                nodes[i].textContent = text;
                nodes[i].classList.add('changed');
            } else {
                nodes[i].classList.remove('changed');
            }
        }

        var progress = document.getElementById('progress');
        if (progress) {
            progress.max = Math.max(1, data.total);
            progress.value = data.done;
        }

        var text = document.getElementById('progress-text');
        if (text) {
            text.textContent = format(data.done) + ' of ' + format(data.total) + ' done';
        }

        var updated = document.getElementById('updated-at');
        if (updated) {
            updated.textContent = data.updatedAt;
        }

        live.setAttribute('data-paused', data.paused ? 'true' : 'false');
        if (status) {
            status.textContent = data.sending > 0 ? '· sending now' : (data.paused ? '· paused' : '');
        }
    }

    function poll() {
        fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'application/json' }, cache: 'no-store' })
            .then(function (response) {
                if (response.status === 401 || response.status === 403) {
                    if (status) { status.textContent = '· signed out: reload to sign in'; }
                    return null;
                }
                if (!response.ok) { throw new Error(String(response.status)); }
                return response.json();
            })
            .then(function (data) {
                if (data) {
                    show(data);
                    window.setTimeout(poll, interval);
                }
            })
            .catch(function () {
                if (status) { status.textContent = '· cannot reach the server, trying again'; }
                window.setTimeout(poll, interval * 2);
            });
    }

    window.setTimeout(poll, interval);
}());
