# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'opportunity_form.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QCheckBox,
    QComboBox, QDateEdit, QDialog, QDialogButtonBox,
    QDoubleSpinBox, QFormLayout, QGridLayout, QGroupBox,
    QHBoxLayout, QLabel, QLineEdit, QListWidget,
    QListWidgetItem, QPlainTextEdit, QSizePolicy, QSlider,
    QSpacerItem, QSpinBox, QTabWidget, QVBoxLayout,
    QWidget)

class Ui_OpportunityForm(object):
    def setupUi(self, OpportunityForm):
        if not OpportunityForm.objectName():
            OpportunityForm.setObjectName(u"OpportunityForm")
        OpportunityForm.resize(760, 620)
        OpportunityForm.setMinimumSize(QSize(640, 560))
        OpportunityForm.setLocale(QLocale(QLocale.English, QLocale.UnitedKingdom))
        OpportunityForm.setSizeGripEnabled(True)
        self.dialogLayout = QVBoxLayout(OpportunityForm)
        self.dialogLayout.setObjectName(u"dialogLayout")
        self.problemsLabel = QLabel(OpportunityForm)
        self.problemsLabel.setObjectName(u"problemsLabel")
        self.problemsLabel.setStyleSheet(u"QLabel#problemsLabel { color: #9f1c1c; background: #fdecec; border: 1px solid #e3a3a3; border-radius: 3px; padding: 6px 8px; }")
        self.problemsLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.problemsLabel.setWordWrap(True)
        self.problemsLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.dialogLayout.addWidget(self.problemsLabel)

        self.tabs = QTabWidget(OpportunityForm)
        self.tabs.setObjectName(u"tabs")
        self.tabs.setDocumentMode(False)
        self.detailsTab = QWidget()
        self.detailsTab.setObjectName(u"detailsTab")
        self.detailsLayout = QFormLayout(self.detailsTab)
        self.detailsLayout.setObjectName(u"detailsLayout")
        self.detailsLayout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.titleLabel = QLabel(self.detailsTab)
        self.titleLabel.setObjectName(u"titleLabel")

        self.detailsLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.titleLabel)

        self.titleEdit = QLineEdit(self.detailsTab)
        self.titleEdit.setObjectName(u"titleEdit")
        self.titleEdit.setClearButtonEnabled(True)

        self.detailsLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.titleEdit)

        self.summaryLabel = QLabel(self.detailsTab)
        self.summaryLabel.setObjectName(u"summaryLabel")

        self.detailsLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.summaryLabel)

        self.summaryEdit = QPlainTextEdit(self.detailsTab)
        self.summaryEdit.setObjectName(u"summaryEdit")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        sizePolicy.setHorizontalStretch(0)
        sizePolicy.setVerticalStretch(1)
        sizePolicy.setHeightForWidth(self.summaryEdit.sizePolicy().hasHeightForWidth())
        self.summaryEdit.setSizePolicy(sizePolicy)
        self.summaryEdit.setMinimumSize(QSize(0, 72))
        self.summaryEdit.setTabChangesFocus(True)

        self.detailsLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.summaryEdit)

        self.workstreamLabel = QLabel(self.detailsTab)
        self.workstreamLabel.setObjectName(u"workstreamLabel")

        self.detailsLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.workstreamLabel)

        self.workstreamCombo = QComboBox(self.detailsTab)
        self.workstreamCombo.setObjectName(u"workstreamCombo")

        self.detailsLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.workstreamCombo)

        self.stageLabel = QLabel(self.detailsTab)
        self.stageLabel.setObjectName(u"stageLabel")

        self.detailsLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.stageLabel)

        self.stageCombo = QComboBox(self.detailsTab)
        self.stageCombo.setObjectName(u"stageCombo")

        self.detailsLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.stageCombo)

        self.leadOrganisationLabel = QLabel(self.detailsTab)
        self.leadOrganisationLabel.setObjectName(u"leadOrganisationLabel")

        self.detailsLayout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.leadOrganisationLabel)

        self.leadOrganisationCombo = QComboBox(self.detailsTab)
        self.leadOrganisationCombo.setObjectName(u"leadOrganisationCombo")

        self.detailsLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.leadOrganisationCombo)

        self.leadOfficerLabel = QLabel(self.detailsTab)
        self.leadOfficerLabel.setObjectName(u"leadOfficerLabel")

        self.detailsLayout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.leadOfficerLabel)

        self.leadOfficerEdit = QLineEdit(self.detailsTab)
        self.leadOfficerEdit.setObjectName(u"leadOfficerEdit")

        self.detailsLayout.setWidget(5, QFormLayout.ItemRole.FieldRole, self.leadOfficerEdit)

        self.sponsorLabel = QLabel(self.detailsTab)
        self.sponsorLabel.setObjectName(u"sponsorLabel")

        self.detailsLayout.setWidget(6, QFormLayout.ItemRole.LabelRole, self.sponsorLabel)

        self.sponsorEdit = QLineEdit(self.detailsTab)
        self.sponsorEdit.setObjectName(u"sponsorEdit")

        self.detailsLayout.setWidget(6, QFormLayout.ItemRole.FieldRole, self.sponsorEdit)

        self.partnersLabel = QLabel(self.detailsTab)
        self.partnersLabel.setObjectName(u"partnersLabel")

        self.detailsLayout.setWidget(7, QFormLayout.ItemRole.LabelRole, self.partnersLabel)

        self.partnersList = QListWidget(self.detailsTab)
        self.partnersList.setObjectName(u"partnersList")
        sizePolicy.setHeightForWidth(self.partnersList.sizePolicy().hasHeightForWidth())
        self.partnersList.setSizePolicy(sizePolicy)
        self.partnersList.setMinimumSize(QSize(0, 96))
        self.partnersList.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)

        self.detailsLayout.setWidget(7, QFormLayout.ItemRole.FieldRole, self.partnersList)

        self.shareableCheck = QCheckBox(self.detailsTab)
        self.shareableCheck.setObjectName(u"shareableCheck")

        self.detailsLayout.setWidget(8, QFormLayout.ItemRole.FieldRole, self.shareableCheck)

        self.tabs.addTab(self.detailsTab, "")
        self.placementTab = QWidget()
        self.placementTab.setObjectName(u"placementTab")
        self.placementLayout = QVBoxLayout(self.placementTab)
        self.placementLayout.setObjectName(u"placementLayout")
        self.placementGroup = QGroupBox(self.placementTab)
        self.placementGroup.setObjectName(u"placementGroup")
        self.placementGrid = QGridLayout(self.placementGroup)
        self.placementGrid.setObjectName(u"placementGrid")
        self.effortLabel = QLabel(self.placementGroup)
        self.effortLabel.setObjectName(u"effortLabel")

        self.placementGrid.addWidget(self.effortLabel, 0, 0, 1, 1)

        self.effortSpin = QSpinBox(self.placementGroup)
        self.effortSpin.setObjectName(u"effortSpin")
        self.effortSpin.setMinimum(-1)
        self.effortSpin.setMaximum(100)
        self.effortSpin.setValue(-1)

        self.placementGrid.addWidget(self.effortSpin, 0, 1, 1, 1)

        self.effortSlider = QSlider(self.placementGroup)
        self.effortSlider.setObjectName(u"effortSlider")
        self.effortSlider.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.effortSlider.setMinimum(-1)
        self.effortSlider.setMaximum(100)
        self.effortSlider.setPageStep(10)
        self.effortSlider.setValue(-1)
        self.effortSlider.setOrientation(Qt.Orientation.Horizontal)
        self.effortSlider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.effortSlider.setTickInterval(10)

        self.placementGrid.addWidget(self.effortSlider, 0, 2, 1, 1)

        self.benefitLabel = QLabel(self.placementGroup)
        self.benefitLabel.setObjectName(u"benefitLabel")

        self.placementGrid.addWidget(self.benefitLabel, 1, 0, 1, 1)

        self.benefitSpin = QSpinBox(self.placementGroup)
        self.benefitSpin.setObjectName(u"benefitSpin")
        self.benefitSpin.setMinimum(-1)
        self.benefitSpin.setMaximum(100)
        self.benefitSpin.setValue(-1)

        self.placementGrid.addWidget(self.benefitSpin, 1, 1, 1, 1)

        self.benefitSlider = QSlider(self.placementGroup)
        self.benefitSlider.setObjectName(u"benefitSlider")
        self.benefitSlider.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.benefitSlider.setMinimum(-1)
        self.benefitSlider.setMaximum(100)
        self.benefitSlider.setPageStep(10)
        self.benefitSlider.setValue(-1)
        self.benefitSlider.setOrientation(Qt.Orientation.Horizontal)
        self.benefitSlider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.benefitSlider.setTickInterval(10)

        self.placementGrid.addWidget(self.benefitSlider, 1, 2, 1, 1)

        self.quadrantCaption = QLabel(self.placementGroup)
        self.quadrantCaption.setObjectName(u"quadrantCaption")
        self.quadrantCaption.setAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)

        self.placementGrid.addWidget(self.quadrantCaption, 2, 0, 1, 1)

        self.quadrantLabel = QLabel(self.placementGroup)
        self.quadrantLabel.setObjectName(u"quadrantLabel")
        self.quadrantLabel.setTextFormat(Qt.TextFormat.RichText)
        self.quadrantLabel.setAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)
        self.quadrantLabel.setWordWrap(True)

        self.placementGrid.addWidget(self.quadrantLabel, 2, 1, 1, 2)

        self.thresholdsLabel = QLabel(self.placementGroup)
        self.thresholdsLabel.setObjectName(u"thresholdsLabel")
        self.thresholdsLabel.setWordWrap(True)

        self.placementGrid.addWidget(self.thresholdsLabel, 3, 1, 1, 2)

        self.illustrativeCheck = QCheckBox(self.placementGroup)
        self.illustrativeCheck.setObjectName(u"illustrativeCheck")

        self.placementGrid.addWidget(self.illustrativeCheck, 4, 1, 1, 2)

        self.placementGrid.setColumnStretch(2, 1)

        self.placementLayout.addWidget(self.placementGroup)

        self.datesGroup = QGroupBox(self.placementTab)
        self.datesGroup.setObjectName(u"datesGroup")
        self.datesGrid = QGridLayout(self.datesGroup)
        self.datesGrid.setObjectName(u"datesGrid")
        self.startDateCheck = QCheckBox(self.datesGroup)
        self.startDateCheck.setObjectName(u"startDateCheck")

        self.datesGrid.addWidget(self.startDateCheck, 0, 0, 1, 1)

        self.startDateEdit = QDateEdit(self.datesGroup)
        self.startDateEdit.setObjectName(u"startDateEdit")
        self.startDateEdit.setEnabled(False)
        self.startDateEdit.setMinimumDate(QDate(1990, 1, 1))
        self.startDateEdit.setMaximumDate(QDate(2100, 12, 31))
        self.startDateEdit.setCalendarPopup(True)

        self.datesGrid.addWidget(self.startDateEdit, 0, 1, 1, 1)

        self.endDateCheck = QCheckBox(self.datesGroup)
        self.endDateCheck.setObjectName(u"endDateCheck")

        self.datesGrid.addWidget(self.endDateCheck, 1, 0, 1, 1)

        self.endDateEdit = QDateEdit(self.datesGroup)
        self.endDateEdit.setObjectName(u"endDateEdit")
        self.endDateEdit.setEnabled(False)
        self.endDateEdit.setMinimumDate(QDate(1990, 1, 1))
        self.endDateEdit.setMaximumDate(QDate(2100, 12, 31))
        self.endDateEdit.setCalendarPopup(True)

        self.datesGrid.addWidget(self.endDateEdit, 1, 1, 1, 1)

        self.datesGrid.setColumnStretch(2, 1)

        self.placementLayout.addWidget(self.datesGroup)

        self.placementSpacer = QSpacerItem(20, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.placementLayout.addItem(self.placementSpacer)

        self.tabs.addTab(self.placementTab, "")
        self.moneyTab = QWidget()
        self.moneyTab.setObjectName(u"moneyTab")
        self.moneyLayout = QVBoxLayout(self.moneyTab)
        self.moneyLayout.setObjectName(u"moneyLayout")
        self.moneyGroup = QGroupBox(self.moneyTab)
        self.moneyGroup.setObjectName(u"moneyGroup")
        self.moneyForm = QFormLayout(self.moneyGroup)
        self.moneyForm.setObjectName(u"moneyForm")
        self.moneyForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.cashableSavingLabel = QLabel(self.moneyGroup)
        self.cashableSavingLabel.setObjectName(u"cashableSavingLabel")

        self.moneyForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.cashableSavingLabel)

        self.cashableSavingSpin = QDoubleSpinBox(self.moneyGroup)
        self.cashableSavingSpin.setObjectName(u"cashableSavingSpin")
        self.cashableSavingSpin.setMinimumSize(QSize(180, 0))
        self.cashableSavingSpin.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignTrailing|Qt.AlignmentFlag.AlignVCenter)
        self.cashableSavingSpin.setGroupSeparatorShown(True)
        self.cashableSavingSpin.setDecimals(0)
        self.cashableSavingSpin.setMaximum(1000000000.000000000000000)
        self.cashableSavingSpin.setSingleStep(1000.000000000000000)

        self.moneyForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.cashableSavingSpin)

        self.oneOffCostLabel = QLabel(self.moneyGroup)
        self.oneOffCostLabel.setObjectName(u"oneOffCostLabel")

        self.moneyForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.oneOffCostLabel)

        self.oneOffCostSpin = QDoubleSpinBox(self.moneyGroup)
        self.oneOffCostSpin.setObjectName(u"oneOffCostSpin")
        self.oneOffCostSpin.setMinimumSize(QSize(180, 0))
        self.oneOffCostSpin.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignTrailing|Qt.AlignmentFlag.AlignVCenter)
        self.oneOffCostSpin.setGroupSeparatorShown(True)
        self.oneOffCostSpin.setDecimals(0)
        self.oneOffCostSpin.setMaximum(1000000000.000000000000000)
        self.oneOffCostSpin.setSingleStep(1000.000000000000000)

        self.moneyForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.oneOffCostSpin)


        self.moneyLayout.addWidget(self.moneyGroup)

        self.nonCashableLabel = QLabel(self.moneyTab)
        self.nonCashableLabel.setObjectName(u"nonCashableLabel")

        self.moneyLayout.addWidget(self.nonCashableLabel)

        self.nonCashableEdit = QPlainTextEdit(self.moneyTab)
        self.nonCashableEdit.setObjectName(u"nonCashableEdit")
        self.nonCashableEdit.setTabChangesFocus(True)

        self.moneyLayout.addWidget(self.nonCashableEdit)

        self.risksLabel = QLabel(self.moneyTab)
        self.risksLabel.setObjectName(u"risksLabel")

        self.moneyLayout.addWidget(self.risksLabel)

        self.risksEdit = QPlainTextEdit(self.moneyTab)
        self.risksEdit.setObjectName(u"risksEdit")
        self.risksEdit.setTabChangesFocus(True)

        self.moneyLayout.addWidget(self.risksEdit)

        self.tabs.addTab(self.moneyTab, "")
        self.linksTab = QWidget()
        self.linksTab.setObjectName(u"linksTab")
        self.linksLayout = QVBoxLayout(self.linksTab)
        self.linksLayout.setObjectName(u"linksLayout")
        self.dependenciesLabel = QLabel(self.linksTab)
        self.dependenciesLabel.setObjectName(u"dependenciesLabel")

        self.linksLayout.addWidget(self.dependenciesLabel)

        self.filterRow = QHBoxLayout()
        self.filterRow.setObjectName(u"filterRow")
        self.dependencyFilterLabel = QLabel(self.linksTab)
        self.dependencyFilterLabel.setObjectName(u"dependencyFilterLabel")

        self.filterRow.addWidget(self.dependencyFilterLabel)

        self.dependencyFilterEdit = QLineEdit(self.linksTab)
        self.dependencyFilterEdit.setObjectName(u"dependencyFilterEdit")
        self.dependencyFilterEdit.setClearButtonEnabled(True)

        self.filterRow.addWidget(self.dependencyFilterEdit)


        self.linksLayout.addLayout(self.filterRow)

        self.dependenciesList = QListWidget(self.linksTab)
        self.dependenciesList.setObjectName(u"dependenciesList")
        sizePolicy1 = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        sizePolicy1.setHorizontalStretch(0)
        sizePolicy1.setVerticalStretch(3)
        sizePolicy1.setHeightForWidth(self.dependenciesList.sizePolicy().hasHeightForWidth())
        self.dependenciesList.setSizePolicy(sizePolicy1)
        self.dependenciesList.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.dependenciesList.setUniformItemSizes(True)

        self.linksLayout.addWidget(self.dependenciesList)

        self.notesLabel = QLabel(self.linksTab)
        self.notesLabel.setObjectName(u"notesLabel")

        self.linksLayout.addWidget(self.notesLabel)

        self.notesEdit = QPlainTextEdit(self.linksTab)
        self.notesEdit.setObjectName(u"notesEdit")
        sizePolicy2 = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        sizePolicy2.setHorizontalStretch(0)
        sizePolicy2.setVerticalStretch(2)
        sizePolicy2.setHeightForWidth(self.notesEdit.sizePolicy().hasHeightForWidth())
        self.notesEdit.setSizePolicy(sizePolicy2)
        self.notesEdit.setTabChangesFocus(True)

        self.linksLayout.addWidget(self.notesEdit)

        self.tabs.addTab(self.linksTab, "")

        self.dialogLayout.addWidget(self.tabs)

        self.buttonBox = QDialogButtonBox(OpportunityForm)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setOrientation(Qt.Orientation.Horizontal)
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.dialogLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.titleLabel.setBuddy(self.titleEdit)
        self.summaryLabel.setBuddy(self.summaryEdit)
        self.workstreamLabel.setBuddy(self.workstreamCombo)
        self.stageLabel.setBuddy(self.stageCombo)
        self.leadOrganisationLabel.setBuddy(self.leadOrganisationCombo)
        self.leadOfficerLabel.setBuddy(self.leadOfficerEdit)
        self.sponsorLabel.setBuddy(self.sponsorEdit)
        self.partnersLabel.setBuddy(self.partnersList)
        self.effortLabel.setBuddy(self.effortSpin)
        self.benefitLabel.setBuddy(self.benefitSpin)
        self.cashableSavingLabel.setBuddy(self.cashableSavingSpin)
        self.oneOffCostLabel.setBuddy(self.oneOffCostSpin)
        self.nonCashableLabel.setBuddy(self.nonCashableEdit)
        self.risksLabel.setBuddy(self.risksEdit)
        self.dependenciesLabel.setBuddy(self.dependenciesList)
        self.dependencyFilterLabel.setBuddy(self.dependencyFilterEdit)
        self.notesLabel.setBuddy(self.notesEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.titleEdit, self.summaryEdit)
        QWidget.setTabOrder(self.summaryEdit, self.workstreamCombo)
        QWidget.setTabOrder(self.workstreamCombo, self.stageCombo)
        QWidget.setTabOrder(self.stageCombo, self.leadOrganisationCombo)
        QWidget.setTabOrder(self.leadOrganisationCombo, self.leadOfficerEdit)
        QWidget.setTabOrder(self.leadOfficerEdit, self.sponsorEdit)
        QWidget.setTabOrder(self.sponsorEdit, self.partnersList)
        QWidget.setTabOrder(self.partnersList, self.shareableCheck)
        QWidget.setTabOrder(self.shareableCheck, self.effortSpin)
        QWidget.setTabOrder(self.effortSpin, self.benefitSpin)
        QWidget.setTabOrder(self.benefitSpin, self.illustrativeCheck)
        QWidget.setTabOrder(self.illustrativeCheck, self.startDateCheck)
        QWidget.setTabOrder(self.startDateCheck, self.startDateEdit)
        QWidget.setTabOrder(self.startDateEdit, self.endDateCheck)
        QWidget.setTabOrder(self.endDateCheck, self.endDateEdit)
        QWidget.setTabOrder(self.endDateEdit, self.cashableSavingSpin)
        QWidget.setTabOrder(self.cashableSavingSpin, self.oneOffCostSpin)
        QWidget.setTabOrder(self.oneOffCostSpin, self.nonCashableEdit)
        QWidget.setTabOrder(self.nonCashableEdit, self.risksEdit)
        QWidget.setTabOrder(self.risksEdit, self.dependencyFilterEdit)
        QWidget.setTabOrder(self.dependencyFilterEdit, self.dependenciesList)
        QWidget.setTabOrder(self.dependenciesList, self.notesEdit)
        QWidget.setTabOrder(self.notesEdit, self.buttonBox)

        self.retranslateUi(OpportunityForm)
        self.buttonBox.accepted.connect(OpportunityForm.accept)
        self.buttonBox.rejected.connect(OpportunityForm.reject)
        self.effortSpin.valueChanged.connect(self.effortSlider.setValue)
        self.effortSlider.valueChanged.connect(self.effortSpin.setValue)
        self.benefitSpin.valueChanged.connect(self.benefitSlider.setValue)
        self.benefitSlider.valueChanged.connect(self.benefitSpin.setValue)
        self.startDateCheck.toggled.connect(self.startDateEdit.setEnabled)
        self.endDateCheck.toggled.connect(self.endDateEdit.setEnabled)

        self.tabs.setCurrentIndex(0)


        QMetaObject.connectSlotsByName(OpportunityForm)
    # setupUi

    def retranslateUi(self, OpportunityForm):
        OpportunityForm.setWindowTitle(QCoreApplication.translate("OpportunityForm", u"Opportunity", None))
#if QT_CONFIG(accessibility)
        self.problemsLabel.setAccessibleName(QCoreApplication.translate("OpportunityForm", u"Problems", None))
#endif // QT_CONFIG(accessibility)
        self.problemsLabel.setText("")
#if QT_CONFIG(accessibility)
        self.tabs.setAccessibleName(QCoreApplication.translate("OpportunityForm", u"Opportunity sections", None))
#endif // QT_CONFIG(accessibility)
        self.titleLabel.setText(QCoreApplication.translate("OpportunityForm", u"&Title:", None))
#if QT_CONFIG(accessibility)
        self.titleEdit.setAccessibleName(QCoreApplication.translate("OpportunityForm", u"Title", None))
#endif // QT_CONFIG(accessibility)
        self.titleEdit.setPlaceholderText(QCoreApplication.translate("OpportunityForm", u"A short name for the opportunity, e.g. Joint Procurement", None))
        self.summaryLabel.setText(QCoreApplication.translate("OpportunityForm", u"S&ummary:", None))
#if QT_CONFIG(accessibility)
        self.summaryEdit.setAccessibleName(QCoreApplication.translate("OpportunityForm", u"Summary", None))
#endif // QT_CONFIG(accessibility)
        self.summaryEdit.setPlaceholderText(QCoreApplication.translate("OpportunityForm", u"What the services would do together, and why", None))
        self.workstreamLabel.setText(QCoreApplication.translate("OpportunityForm", u"&Workstream:", None))
#if QT_CONFIG(accessibility)
        self.workstreamCombo.setAccessibleName(QCoreApplication.translate("OpportunityForm", u"Workstream", None))
#endif // QT_CONFIG(accessibility)
        self.stageLabel.setText(QCoreApplication.translate("OpportunityForm", u"St&age:", None))
#if QT_CONFIG(accessibility)
        self.stageCombo.setAccessibleName(QCoreApplication.translate("OpportunityForm", u"Stage", None))
#endif // QT_CONFIG(accessibility)
        self.leadOrganisationLabel.setText(QCoreApplication.translate("OpportunityForm", u"&Lead organisation:", None))
#if QT_CONFIG(accessibility)
        self.leadOrganisationCombo.setAccessibleName(QCoreApplication.translate("OpportunityForm", u"Lead organisation", None))
#endif // QT_CONFIG(accessibility)
        self.leadOfficerLabel.setText(QCoreApplication.translate("OpportunityForm", u"Lead o&fficer:", None))
#if QT_CONFIG(accessibility)
        self.leadOfficerEdit.setAccessibleName(QCoreApplication.translate("OpportunityForm", u"Lead officer", None))
#endif // QT_CONFIG(accessibility)
        self.leadOfficerEdit.setPlaceholderText(QCoreApplication.translate("OpportunityForm", u"Name and role", None))
        self.sponsorLabel.setText(QCoreApplication.translate("OpportunityForm", u"Sp&onsor:", None))
#if QT_CONFIG(accessibility)
        self.sponsorEdit.setAccessibleName(QCoreApplication.translate("OpportunityForm", u"Sponsor", None))
#endif // QT_CONFIG(accessibility)
        self.sponsorEdit.setPlaceholderText(QCoreApplication.translate("OpportunityForm", u"The senior officer who sponsors it", None))
        self.partnersLabel.setText(QCoreApplication.translate("OpportunityForm", u"&Partner organisations:", None))
#if QT_CONFIG(accessibility)
        self.partnersList.setAccessibleName(QCoreApplication.translate("OpportunityForm", u"Partner organisations", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.partnersList.setToolTip(QCoreApplication.translate("OpportunityForm", u"Tick the organisations that work on it with the lead", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.shareableCheck.setAccessibleName(QCoreApplication.translate("OpportunityForm", u"May be shared with partners", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.shareableCheck.setToolTip(QCoreApplication.translate("OpportunityForm", u"Included when the register is exported for a partner service", None))
#endif // QT_CONFIG(tooltip)
        self.shareableCheck.setText(QCoreApplication.translate("OpportunityForm", u"May be s&hared with partners", None))
        self.tabs.setTabText(self.tabs.indexOf(self.detailsTab), QCoreApplication.translate("OpportunityForm", u"&Details", None))
        self.placementGroup.setTitle(QCoreApplication.translate("OpportunityForm", u"Effort and benefit", None))
        self.effortLabel.setText(QCoreApplication.translate("OpportunityForm", u"&Effort:", None))
#if QT_CONFIG(accessibility)
        self.effortSpin.setAccessibleName(QCoreApplication.translate("OpportunityForm", u"Effort", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.effortSpin.setToolTip(QCoreApplication.translate("OpportunityForm", u"0 (very little effort) to 100 (a great deal)", None))
#endif // QT_CONFIG(tooltip)
        self.effortSpin.setSpecialValueText(QCoreApplication.translate("OpportunityForm", u"Not assessed", None))
#if QT_CONFIG(accessibility)
        self.effortSlider.setAccessibleName(QCoreApplication.translate("OpportunityForm", u"Effort slider", None))
#endif // QT_CONFIG(accessibility)
        self.benefitLabel.setText(QCoreApplication.translate("OpportunityForm", u"Bene&fit:", None))
#if QT_CONFIG(accessibility)
        self.benefitSpin.setAccessibleName(QCoreApplication.translate("OpportunityForm", u"Benefit", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.benefitSpin.setToolTip(QCoreApplication.translate("OpportunityForm", u"0 (very little benefit) to 100 (a great deal)", None))
#endif // QT_CONFIG(tooltip)
        self.benefitSpin.setSpecialValueText(QCoreApplication.translate("OpportunityForm", u"Not assessed", None))
#if QT_CONFIG(accessibility)
        self.benefitSlider.setAccessibleName(QCoreApplication.translate("OpportunityForm", u"Benefit slider", None))
#endif // QT_CONFIG(accessibility)
        self.quadrantCaption.setText(QCoreApplication.translate("OpportunityForm", u"Quadrant:", None))
#if QT_CONFIG(accessibility)
        self.quadrantLabel.setAccessibleName(QCoreApplication.translate("OpportunityForm", u"Quadrant", None))
#endif // QT_CONFIG(accessibility)
        self.quadrantLabel.setText(QCoreApplication.translate("OpportunityForm", u"Not placed", None))
        self.thresholdsLabel.setText(QCoreApplication.translate("OpportunityForm", u"Scores run from 0 to 100.", None))
#if QT_CONFIG(accessibility)
        self.illustrativeCheck.setAccessibleName(QCoreApplication.translate("OpportunityForm", u"Placement is illustrative", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.illustrativeCheck.setToolTip(QCoreApplication.translate("OpportunityForm", u"Tick when the scores are a placeholder that the board has not agreed", None))
#endif // QT_CONFIG(tooltip)
        self.illustrativeCheck.setText(QCoreApplication.translate("OpportunityForm", u"Placement is illustrati&ve", None))
        self.datesGroup.setTitle(QCoreApplication.translate("OpportunityForm", u"Dates", None))
#if QT_CONFIG(accessibility)
        self.startDateCheck.setAccessibleName(QCoreApplication.translate("OpportunityForm", u"Start date known", None))
#endif // QT_CONFIG(accessibility)
        self.startDateCheck.setText(QCoreApplication.translate("OpportunityForm", u"&Start date", None))
#if QT_CONFIG(accessibility)
        self.startDateEdit.setAccessibleName(QCoreApplication.translate("OpportunityForm", u"Start date", None))
#endif // QT_CONFIG(accessibility)
        self.startDateEdit.setDisplayFormat(QCoreApplication.translate("OpportunityForm", u"d MMM yyyy", None))
#if QT_CONFIG(accessibility)
        self.endDateCheck.setAccessibleName(QCoreApplication.translate("OpportunityForm", u"End date known", None))
#endif // QT_CONFIG(accessibility)
        self.endDateCheck.setText(QCoreApplication.translate("OpportunityForm", u"E&nd date", None))
#if QT_CONFIG(accessibility)
        self.endDateEdit.setAccessibleName(QCoreApplication.translate("OpportunityForm", u"End date", None))
#endif // QT_CONFIG(accessibility)
        self.endDateEdit.setDisplayFormat(QCoreApplication.translate("OpportunityForm", u"d MMM yyyy", None))
        self.tabs.setTabText(self.tabs.indexOf(self.placementTab), QCoreApplication.translate("OpportunityForm", u"Place&ment and dates", None))
        self.moneyGroup.setTitle(QCoreApplication.translate("OpportunityForm", u"Money (whole pounds)", None))
        self.cashableSavingLabel.setText(QCoreApplication.translate("OpportunityForm", u"Estimated cashable &saving per year:", None))
#if QT_CONFIG(accessibility)
        self.cashableSavingSpin.setAccessibleName(QCoreApplication.translate("OpportunityForm", u"Estimated cashable saving per year", None))
#endif // QT_CONFIG(accessibility)
        self.cashableSavingSpin.setPrefix(QCoreApplication.translate("OpportunityForm", u"\u00a3", None))
        self.oneOffCostLabel.setText(QCoreApplication.translate("OpportunityForm", u"One-off &cost:", None))
#if QT_CONFIG(accessibility)
        self.oneOffCostSpin.setAccessibleName(QCoreApplication.translate("OpportunityForm", u"One-off cost", None))
#endif // QT_CONFIG(accessibility)
        self.oneOffCostSpin.setPrefix(QCoreApplication.translate("OpportunityForm", u"\u00a3", None))
        self.nonCashableLabel.setText(QCoreApplication.translate("OpportunityForm", u"&Non-cashable benefits:", None))
#if QT_CONFIG(accessibility)
        self.nonCashableEdit.setAccessibleName(QCoreApplication.translate("OpportunityForm", u"Non-cashable benefits", None))
#endif // QT_CONFIG(accessibility)
        self.nonCashableEdit.setPlaceholderText(QCoreApplication.translate("OpportunityForm", u"e.g. faster response, better outcomes for the public, staff hours freed", None))
        self.risksLabel.setText(QCoreApplication.translate("OpportunityForm", u"&Risks:", None))
#if QT_CONFIG(accessibility)
        self.risksEdit.setAccessibleName(QCoreApplication.translate("OpportunityForm", u"Risks", None))
#endif // QT_CONFIG(accessibility)
        self.risksEdit.setPlaceholderText(QCoreApplication.translate("OpportunityForm", u"What could stop it or reduce the benefits", None))
        self.tabs.setTabText(self.tabs.indexOf(self.moneyTab), QCoreApplication.translate("OpportunityForm", u"Mone&y and risks", None))
        self.dependenciesLabel.setText(QCoreApplication.translate("OpportunityForm", u"De&pends on these other opportunities:", None))
        self.dependencyFilterLabel.setText(QCoreApplication.translate("OpportunityForm", u"&Filter:", None))
#if QT_CONFIG(accessibility)
        self.dependencyFilterEdit.setAccessibleName(QCoreApplication.translate("OpportunityForm", u"Filter dependencies", None))
#endif // QT_CONFIG(accessibility)
        self.dependencyFilterEdit.setPlaceholderText(QCoreApplication.translate("OpportunityForm", u"Type part of a reference or title", None))
#if QT_CONFIG(accessibility)
        self.dependenciesList.setAccessibleName(QCoreApplication.translate("OpportunityForm", u"Dependencies", None))
#endif // QT_CONFIG(accessibility)
        self.notesLabel.setText(QCoreApplication.translate("OpportunityForm", u"&Notes:", None))
#if QT_CONFIG(accessibility)
        self.notesEdit.setAccessibleName(QCoreApplication.translate("OpportunityForm", u"Notes", None))
#endif // QT_CONFIG(accessibility)
        self.tabs.setTabText(self.tabs.indexOf(self.linksTab), QCoreApplication.translate("OpportunityForm", u"Dependenc&ies and notes", None))
    # retranslateUi

